@title: PR_CAP_AMBIENT takes a capability the kernel knows; raising one needs it permitted and inheritable, and SECBIT_NO_CAP_AMBIENT_RAISE clear
@needs: user
# U6.6, U6.7 (security/commoncap.c cap_task_prctl, PR_CAP_AMBIENT); capset(2) makes a capability
# inheritable (cap_capset), and the ambient set stays within the permitted and inheritable sets.
# The task is the first of a new user namespace: every capability is permitted there (U1.8).
init: clone a user                           => 2
a: caps                                      => 000001ffffffffff
a: prctl PR_CAP_AMBIENT_RAISE 41             => EINVAL
a: prctl PR_CAP_AMBIENT_LOWER 41             => EINVAL
a: prctl PR_CAP_AMBIENT_IS_SET 41            => EINVAL
a: prctl PR_CAP_AMBIENT_RAISE 12             => EPERM   # CAP_NET_ADMIN is permitted, not inheritable
a: capset 0x1ffffffffff 0x1ffffffffff 0x1000 => ok      # now it is inheritable too
a: prctl PR_CAP_AMBIENT_RAISE 12             => ok
a: prctl PR_CAP_AMBIENT_IS_SET 12            => 1
a: prctl PR_CAP_AMBIENT_RAISE 13             => EPERM   # CAP_NET_RAW is not inheritable
a: prctl PR_CAP_AMBIENT_LOWER 12             => ok
a: prctl PR_CAP_AMBIENT_IS_SET 12            => 0
a: prctl PR_CAP_AMBIENT_RAISE 12             => ok
a: prctl PR_SET_SECUREBITS 0x40              => ok      # SECBIT_NO_CAP_AMBIENT_RAISE
a: prctl PR_CAP_AMBIENT_IS_SET 12            => 1       # what is raised stays
a: prctl PR_CAP_AMBIENT_CLEAR_ALL            => ok
a: prctl PR_CAP_AMBIENT_RAISE 12             => EPERM
a: prctl PR_SET_SECUREBITS 0                 => ok
a: prctl PR_CAP_AMBIENT_RAISE 12             => ok
a: capset 0x1ffffffffff 0x1ffffffffff 0      => ok      # no longer inheritable:
a: prctl PR_CAP_AMBIENT_IS_SET 12            => 0       # no longer ambient
