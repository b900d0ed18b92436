package io.metalfleet.provisioning.domain;

import java.util.List;

import io.metalfleet.provisioning.persistence.OperationRepository.Operation;

/**
 * A fleet operation committed with its items and commands (CDI event, fired after the transaction): the replica that
 * created it may run the items of its own partitions without waiting for their records ({@code CommandRunner}).
 */
public record OperationCreated(Operation operation, List<String> serverIds) {
}
