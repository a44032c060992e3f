package dev.pybridge.pool;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a pool knows of one session.
 *
 * @param id the session id
 * @param worker the id of the worker that holds its state, if one does now
 * @param moves how many times it was rebuilt on another worker (its worker died, or with
 *     {@link AffinityMode#PREFER} it moved to a free worker)
 * @param recordedCalls how many {@link dev.pybridge.api.CallOption#SESSION_STATE} calls define it
 * @since 0.1
 */
public record SessionInfo(String id, Optional<String> worker, int moves, int recordedCalls) {

    public SessionInfo {
        requireNonNull(id, "id is null");
        requireNonNull(worker, "worker is null");
    }
}
