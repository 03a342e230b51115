-- Runs once, when the postgres volume is first initialised (docker-entrypoint-initdb.d):
-- one database per service, as in ARCHITECTURE.md; each service's Flyway migrations create its schema at start-up.
-- CI (deploy/, ComposeFileTest) checks that these are exactly the databases the services' properties name.
CREATE DATABASE auth;
CREATE DATABASE chat;
CREATE DATABASE sessions;
CREATE DATABASE media;
