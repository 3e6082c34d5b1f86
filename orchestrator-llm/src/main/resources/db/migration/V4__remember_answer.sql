-- Whether the session pipeline's answer is sent to memory as the agent's turn. False when the caller records what the
-- user actually heard itself (speech-service does, from the audio it played, so a barged-in answer is not remembered
-- whole).
ALTER TABLE turn ADD COLUMN remember_answer BOOLEAN NOT NULL DEFAULT TRUE;
