-- pgbench script for infra/bench/run.sh: the raw baseline of one upsert, keyed by "UserId", into bench_raw.people
-- (a copy of a workspace's people table: same columns, identity, unique indexes).
-- Variables: -D keys=N -D tag=T -D nclients=C (= pgbench -c).
-- Traits always change (random "n"), so an existing row is really updated.
-- Each client owns the keys k = client_id + 1 (mod nclients): two clients never race to insert the same new key,
-- which a plain ON CONFLICT ("UserId") cannot survive here (the "Email" unique index is not its arbiter, so the
-- loser of such a race fails with a unique violation instead of updating).
\set k 1 + :client_id + :nclients * random(0, (:keys - 1) / :nclients)
\set n random(1, 1000000000)
INSERT INTO bench_raw.people ("Id", "UserId", "Email", "Traits", "CreatedAt", "UpdatedAt", "Version")
VALUES ('prs_' || replace(gen_random_uuid()::text, '-', ''), :tag::text || '-' || :k::int,
        :tag::text || '-' || :k::int || '@bench.example', jsonb_build_object('plan', 'pro', 'n', :n::int), now(), now(), 0)
ON CONFLICT ("UserId") DO UPDATE
SET "Traits" = people."Traits" || EXCLUDED."Traits", "UpdatedAt" = now(), "Version" = people."Version" + 1;
