-- One database per service (each service owns its data; Flyway in each service creates its tables). Run once, by the
-- postgres image's entrypoint, when the data directory is new. docker-compose.yml mounts this file too.
CREATE DATABASE cloudget_seeds;
CREATE DATABASE cloudget_tasks;
CREATE DATABASE cloudget_distribution;
CREATE DATABASE cloudget_storage;
CREATE DATABASE cloudget_statistics;
