-- The score an entry held before its latest submission, set by the submit statement's
-- upsert under the entry's row lock and returned by it. The statement used to look it up
-- first, and on tables PostgreSQL had not analysed that lookup went through the ranking
-- index, reading a whole board per submission. No index holds it, so updates stay HOT.
ALTER TABLE board_scores ADD COLUMN previous_score BIGINT;
