@title: PR_CAPBSET_DROP needs CAP_SETPCAP in the caller's own user namespace and a capability the kernel knows; a new user namespace starts with a full bounding set
@needs: user
# U6.5, U6.6 (security/commoncap.c cap_prctl_drop: the capability check, then cap_valid; PR_CAPBSET_READ);
# U1.8 (set_cred_user_ns: the first task of a new user namespace has every capability in its bounding set);
# C11.3 (cap_capset: no new inheritable capability outside the bounding set; bits above CAP_LAST_CAP are dropped).
init: clone a -                              => 2
a: prctl PR_CAPBSET_READ 21                  => 1       # CAP_SYS_ADMIN
a: prctl PR_CAPBSET_READ 41                  => EINVAL  # CAP_LAST_CAP is 40
a: prctl PR_CAPBSET_DROP 41                  => EINVAL
a: prctl PR_CAPBSET_DROP -1                  => EINVAL
a: prctl PR_CAPBSET_DROP 21                  => ok
a: prctl PR_CAPBSET_READ 21                  => 0
a: prctl PR_CAPBSET_DROP 21                  => ok      # a capability already gone
a: clone b -                                 => 3
b: prctl PR_CAPBSET_READ 21                  => 0       # a child has its creator's bounding set
a: clone u user                              => 4
u: prctl PR_CAPBSET_READ 21                  => 1       # a new user namespace has the full set
init: clone c -                              => 5
c: setuid 1000                               => ok
c: prctl PR_CAPBSET_DROP 21                  => EPERM
c: prctl PR_CAPBSET_DROP 41                  => EPERM   # the capability check comes first
c: prctl PR_CAPBSET_READ 21                  => 1       # reading needs nothing
c: clone v user                              => 6
v: prctl PR_CAPBSET_DROP 21                  => ok      # CAP_SETPCAP in its own user namespace
v: prctl PR_CAPBSET_READ 21                  => 0
v: capset 0x1ffffffffff 0x1ffffffffff 0x200000 => EPERM  # CAP_SYS_ADMIN is out of the bounding set now
v: capset 0x1ffffffffff 0x1ffffffffff -1     => EPERM    # so is it in every bit
v: capset 0x1ffffffffff 0x1ffffffffff 0xffffffffffc00000 => ok  # 22 and above: the bits above 40 are dropped
v: prctl PR_CAP_AMBIENT_RAISE 22             => ok       # CAP_SYS_BOOT is inheritable now
