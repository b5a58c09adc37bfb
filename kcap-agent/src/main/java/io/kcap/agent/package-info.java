/**
 * kcap's node agent. Endpoints on this node come from {@link io.kcap.agent.endpoint}; the
 * standalone sandbox that makes such endpoints out of network namespaces lives in {@link
 * io.kcap.agent.sandbox}.
 */
package io.kcap.agent;
