package dev.cloudget.tasks.jdbc;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.source.Ed2kHash;
import dev.cloudget.contracts.worker.StoredFile;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads a stored file from the columns {@code job_files} and {@code content_index} share. */
public final class StoredFiles {

    private StoredFiles() {
    }

    public static StoredFile of(ResultSet row) throws SQLException {
        int index = row.getInt("torrent_index");
        Integer torrentIndex = row.wasNull() ? null : index;
        String ed2k = row.getString("ed2k");
        return new StoredFile(row.getString("path"), row.getLong("size"), ContentHash.of(row.getString("sha256")),
                torrentIndex, ed2k == null ? null : Ed2kHash.of(ed2k));
    }
}
