-- health's round trip: each node writes its own row and reads it back (StoreHealth)
CREATE TABLE store_heartbeat (
    node VARCHAR(200) PRIMARY KEY,
    beat BIGINT NOT NULL
);
