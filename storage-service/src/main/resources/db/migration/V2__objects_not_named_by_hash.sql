-- Content is kept in the object a worker uploaded (uploads/<job>/<epoch>/<n>) instead of being copied to
-- content/sha256/<hex> after the upload: the catalogue maps hash -> object, and no two contents share an object
-- (the sweeper removes a content's object with it).
CREATE UNIQUE INDEX contents_object_key ON contents (object_key);
