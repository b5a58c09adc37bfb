/** Helpers of kcap-agent's packages; not an API. */
package io.kcap.agent.internal;
