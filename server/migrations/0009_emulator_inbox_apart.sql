-- The SMS gateway emulator keeps its inbox itself now (it creates the table when it starts), so
-- the product's schema holds none of it.

drop table if exists emulator_message;
