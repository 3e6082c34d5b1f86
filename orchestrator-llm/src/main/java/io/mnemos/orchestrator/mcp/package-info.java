/**
 * The MCP server at {@code /mcp}: Mnemos memory, document search and grounding as Model Context Protocol tools, over
 * the official MCP Java SDK's servlet Streamable HTTP transport in its stateless form (each POST carries one JSON-RPC
 * request and is answered on its own; no MCP session to keep, so any orchestrator instance can serve any call and the
 * gateway needs no stickiness). Tools call memory-service and retrieval-service as the caller: the identity the
 * gateway signed for the MCP request is signed again, with the same tenant, principal and scopes, for each call.
 */
package io.mnemos.orchestrator.mcp;
