/**
 * rtnetlink's extended acknowledgement (include/linux/netlink.h
 * NL_SET_ERR_MSG): the text some requests send back with their errno, which
 * iproute2 prints as `Error: <text>.` instead of `RTNETLINK answers:
 * <strerror>`. The model keeps it beside the KernelError of the request.
 */
import { KernelError } from '@nsproxy/core';

const messages = new WeakMap<KernelError, string>();

/** NL_SET_ERR_MSG: runs `call`; a KernelError it throws carries `message` (the first one set stays). */
export function withExtack<T>(message: string, call: () => T): T {
  try {
    return call();
  } catch (e) {
    if (e instanceof KernelError && !messages.has(e)) messages.set(e, message);
    throw e;
  }
}

/** The extack message of a request's error, if the kernel set one. */
export function extackOf(e: unknown): string | undefined {
  return e instanceof KernelError ? messages.get(e) : undefined;
}
