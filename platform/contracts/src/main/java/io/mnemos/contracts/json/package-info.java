/**
 * What was wrong with a client's JSON, in words a client can act on: {@link io.mnemos.contracts.json.JsonErrors}.
 * Shared by every reader of client JSON (the services' problem handler, the gateway's admin API, the MCP endpoint).
 * Pure Java: only Jackson.
 */
package io.mnemos.contracts.json;
