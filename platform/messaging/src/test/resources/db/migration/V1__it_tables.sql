-- The test application's own migration: proves the service's Flyway and the messaging Flyway share a schema.
CREATE TABLE it_counter (
    name  text    PRIMARY KEY,
    value integer NOT NULL
);
