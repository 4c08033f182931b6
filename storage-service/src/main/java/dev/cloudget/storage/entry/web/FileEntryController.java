package dev.cloudget.storage.entry.web;

import dev.cloudget.contracts.storage.CreateFileEntry;
import dev.cloudget.contracts.storage.FileEntry;
import dev.cloudget.storage.entry.FileEntries;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.UUID;

/** Task-management mints and revokes entry addresses here. */
@RestController
@RequestMapping("/internal/files")
class FileEntryController {

    private final FileEntries entries;

    FileEntryController(FileEntries entries) {
        this.entries = entries;
    }

    /** 201 for a new entry; 200 with the same entry when an earlier request with this id minted it. */
    @PostMapping
    ResponseEntity<FileEntry> create(@RequestBody CreateFileEntry request) {
        FileEntries.Minted minted = entries.create(request);
        FileEntry entry = minted.entry();
        return minted.created()
                ? ResponseEntity.created(URI.create(entry.entryPath())).body(entry)
                : ResponseEntity.ok().location(URI.create(entry.entryPath())).body(entry);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable UUID id) {
        entries.revoke(id);
        return ResponseEntity.noContent().build();
    }
}
