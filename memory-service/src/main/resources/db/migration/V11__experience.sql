-- Experience memory (io.mnemos.memory.experience): recorded episodes and the templates learned from them.

CREATE TABLE experience_episode (
    id          uuid PRIMARY KEY,
    tenant      text        NOT NULL,
    goal        text        NOT NULL,
    steps       jsonb       NOT NULL, -- [{subGoal, action, params{}}]
    actions     text[]      NOT NULL, -- distinct action names, for re-learning sub-task/action templates
    signature   text        NOT NULL, -- action names joined by '>', for re-learning task templates
    outcome     text        NOT NULL CHECK (outcome IN ('SUCCESS', 'FAILURE')),
    recorded_at timestamptz NOT NULL
);

CREATE INDEX experience_episode_signature_idx ON experience_episode (tenant, signature, recorded_at);
CREATE INDEX experience_episode_actions_idx ON experience_episode USING gin (actions);

CREATE TABLE experience_template (
    id         uuid PRIMARY KEY,
    tenant     text        NOT NULL,
    level      text        NOT NULL CHECK (level IN ('TASK', 'SUB_TASK', 'ACTION')),
    key        text        NOT NULL, -- the group it was learned from: signature (TASK) or action name
    pattern    text        NOT NULL, -- goal / sub-goal pattern with {slotN}; the action name for ACTION
    slots      jsonb       NOT NULL, -- [{name, kind, examples[]}]
    keywords   jsonb       NOT NULL, -- ACTION: words common to its sub-goals
    steps      jsonb       NOT NULL, -- [{subGoal, action, params{}}] with {slot} placeholders
    support    integer     NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE INDEX experience_template_key_idx ON experience_template (tenant, level, key);
