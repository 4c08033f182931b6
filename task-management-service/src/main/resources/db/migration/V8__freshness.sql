-- Freshness of what a link served (RFC 9111): reused without asking until fresh_until (NULL: content named by its
-- hash, never stale); after it the origin is asked conditionally with the validators kept here.
ALTER TABLE content_index ADD COLUMN fresh_until timestamptz;
ALTER TABLE content_index ADD COLUMN etag text;
ALTER TABLE content_index ADD COLUMN last_modified text;

-- How a task's content was found: stored (fresh, answered at once), revalidated (stale copy confirmed by the
-- origin), changed (stale copy, the origin had new content); NULL: fetched, nothing was stored.
ALTER TABLE tasks ADD COLUMN reuse text;
