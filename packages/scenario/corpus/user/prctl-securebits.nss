@title: PR_SET_SECUREBITS: a locked bit and a lock stay, an unknown bit is refused, and without CAP_SETPCAP only the exec bits change
@needs: user
# U6.1 (security/commoncap.c cap_task_prctl, PR_SET_SECUREBITS; include/uapi/linux/securebits.h):
# SECURE_ALL_BITS are noroot (0x1), no_setuid_fixup (0x4), keep_caps (0x10), no_cap_ambient_raise (0x40)
# and, since Linux 6.14, exec_restrict_file (0x100) and exec_deny_interactive (0x400); each has its lock
# on the bit above. The two exec bits are SECURE_ALL_UNPRIVILEGED: any task may change them and their locks.
init: clone a -                              => 2
a: prctl PR_GET_SECUREBITS                   => 0
a: prctl PR_SET_SECUREBITS 0x1000            => EPERM   # bit 12 is no securebit
a: prctl PR_SET_SECUREBITS 0x100000000       => EPERM   # nor is bit 32 (arg2 is an unsigned long)
a: prctl PR_SET_SECUREBITS 0x3               => ok      # SECBIT_NOROOT and its lock
a: prctl PR_GET_SECUREBITS                   => 3
a: prctl PR_SET_SECUREBITS 0x2               => EPERM   # a locked bit cannot change
a: prctl PR_SET_SECUREBITS 0x1               => EPERM   # nor can a lock go
a: prctl PR_SET_SECUREBITS 0x7               => ok      # an unlocked bit still can (SECBIT_NO_SETUID_FIXUP)
a: prctl PR_GET_SECUREBITS                   => 7
a: clone b -                                 => 3
b: prctl PR_GET_SECUREBITS                   => 7       # a child has its creator's
init: clone c -                              => 4
c: setuid 1000                               => ok
c: caps                                      => 0000000000000000
c: prctl PR_SET_SECUREBITS 0x4               => EPERM   # no CAP_SETPCAP
c: prctl PR_SET_SECUREBITS 0                 => EPERM   # not even for no change at all
c: prctl PR_SET_SECUREBITS 0x100             => ok      # SECBIT_EXEC_RESTRICT_FILE needs no capability
c: prctl PR_SET_SECUREBITS 0x700             => ok      # nor its lock, nor SECBIT_EXEC_DENY_INTERACTIVE
c: prctl PR_SET_SECUREBITS 0x600             => EPERM   # the locked bit stays
c: prctl PR_SET_SECUREBITS 0x300             => ok      # the unlocked one goes
c: prctl PR_GET_SECUREBITS                   => 768
c: prctl PR_SET_SECUREBITS 0x310             => EPERM   # SECBIT_KEEP_CAPS is a privileged bit
init: clone u user                           => 5
u: prctl PR_SET_SECUREBITS 0x30              => ok      # CAP_SETPCAP in its own user namespace is enough
u: prctl PR_GET_SECUREBITS                   => 48
