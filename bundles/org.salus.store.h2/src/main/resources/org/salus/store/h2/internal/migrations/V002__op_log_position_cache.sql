-- The op log's append position comes from an identity sequence. H2 writes a sequence's reserved range to the file
-- each time the range runs out, and with WRITE_DELAY=0 that write stores a whole chunk of its own: with H2's
-- default range of 32 numbers, a transaction appending 2,000 operations stored about 60 extra chunks. The position
-- only orders the log (gaps after a crash are harmless), so reserve 10,000 numbers at a time.

ALTER TABLE op_log ALTER COLUMN pos SET CACHE 10000;
