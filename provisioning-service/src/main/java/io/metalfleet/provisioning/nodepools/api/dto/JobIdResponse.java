package io.metalfleet.provisioning.nodepools.api.dto;

/** Seed 003's answer: {@code {"jobid":"…"}}. */
public record JobIdResponse(String jobid) {
}
