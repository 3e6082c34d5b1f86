-- Erasure deletes a user's sessions (memory.user.erased): find them without scanning every session.
CREATE INDEX session_by_user ON session (tenant, user_id);
