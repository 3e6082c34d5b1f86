/**
 * The MCP server at {@code /mcp}: Mnemos memory, document search and grounding as Model Context Protocol tools, over
 * the official MCP Java SDK's servlet Streamable HTTP transport in its stateless form (each POST carries one JSON-RPC
 * request and is answered on its own; no MCP session to keep, so any orchestrator instance can serve any call and the
 * gateway needs no stickiness). Tools call memory-service and retrieval-service as the caller: the identity the
 * gateway signed for the MCP request is signed again, with the same tenant, principal and scopes, for each call.
 * Messages the server cannot take (malformed JSON, a batch, a wrong version, bad media types) are answered as JSON-RPC
 * 2.0 error objects by {@link io.mnemos.orchestrator.mcp.McpEndpointServlet}, never with the SDK's serialised
 * exception.
 */
package io.mnemos.orchestrator.mcp;
