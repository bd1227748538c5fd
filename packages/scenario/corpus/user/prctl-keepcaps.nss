@title: PR_SET_KEEPCAPS takes 0 or 1, and nothing once SECBIT_KEEP_CAPS_LOCKED is set; with it, setuid keeps the permitted set
@needs: user
# U6.2, U6.3 (security/commoncap.c cap_task_prctl, PR_SET_KEEPCAPS; cap_emulate_setxuid for the permitted set);
# SECBIT_KEEP_CAPS is the securebit 0x10, its lock 0x20 (U6.1); C11.3 (kernel/capability.c capset, cap_capset):
# a permitted set cannot grow.
init: clone a -                              => 2
a: prctl PR_GET_KEEPCAPS                     => 0
a: prctl PR_SET_KEEPCAPS 2                   => EINVAL
a: prctl PR_SET_KEEPCAPS -1                  => EINVAL  # an unsigned long: the largest one
a: prctl PR_GET_KEEPCAPS                     => 0       # a failed call changes nothing
a: prctl PR_SET_KEEPCAPS 1                   => ok
a: prctl PR_GET_KEEPCAPS                     => 1
a: prctl PR_GET_SECUREBITS                   => 16      # it is SECBIT_KEEP_CAPS
a: prctl PR_SET_KEEPCAPS 0                   => ok
a: prctl PR_SET_SECUREBITS 0x30              => ok      # SECBIT_KEEP_CAPS and its lock
a: prctl PR_SET_KEEPCAPS 0                   => EPERM
a: prctl PR_SET_KEEPCAPS 1                   => EPERM   # even to what it is
a: prctl PR_SET_KEEPCAPS 2                   => EINVAL  # the value is checked first
a: prctl PR_GET_KEEPCAPS                     => 1
init: clone k user                           => 3
init: uid_map k "0 0 1;1000 1000 1"          => ok
k: prctl PR_SET_KEEPCAPS 1                   => ok      # no capability needed
k: setuid 1000                               => ok
k: caps                                      => 0000000000000000  # the effective set goes
k: capset 0x1ffffffffff 0x1ffffffffff 0      => ok      # the permitted set stayed
k: caps                                      => 000001ffffffffff
init: clone n user                           => 4
init: uid_map n "0 0 1;1000 1000 1"          => ok
n: setuid 1000                               => ok
n: capset 0x1ffffffffff 0x1ffffffffff 0      => EPERM   # without it, setuid away from root empties the permitted set
