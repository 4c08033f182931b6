package dev.cloudget.storage.entry.web;

import dev.cloudget.contracts.storage.CreateFileEntries;
import dev.cloudget.contracts.storage.ExtendFileEntries;
import dev.cloudget.contracts.storage.CreateFileEntry;
import dev.cloudget.contracts.storage.FileEntriesMinted;
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

    /** Several entries in one call (one transaction), each answered alone: see {@link CreateFileEntries}. */
    @PostMapping("/batch")
    FileEntriesMinted createAll(@RequestBody CreateFileEntries request) {
        if (request.entries() == null || request.entries().isEmpty()
                || request.entries().size() > CreateFileEntries.MAX_ENTRIES) {
            throw new IllegalArgumentException("entries must hold 1.." + CreateFileEntries.MAX_ENTRIES + " requests");
        }
        return new FileEntriesMinted(entries.createAll(request.entries()));
    }

    /**
     * Extends entries (and their content) to a later {@code validUntil}: 200 with it; 410 {@code content-expired} when
     * the content is gone; 404 for an entry the owner does not hold.
     */
    @PostMapping("/extend")
    ExtendFileEntries extend(@RequestBody ExtendFileEntries request) {
        return new ExtendFileEntries(request.owner(), request.entries(), entries.extend(request));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable UUID id) {
        entries.revoke(id);
        return ResponseEntity.noContent().build();
    }
}
