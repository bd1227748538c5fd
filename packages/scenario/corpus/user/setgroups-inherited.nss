@title: a child user namespace starts with its parent's setgroups setting
@needs: user
# U1.6 (flags copied at creation); gVisor ChildUserNamespaceInheritsDeny
# The rules of the errors it shows: U2.19.
init: clone a user           => 2
a: setgroups a deny          => ok
a: uid_map a "0 0 1"         => ok
a: gid_map a "0 0 1"         => ok
a: unshare user              => ok
a: setgroups a allow         => EPERM    # inherited "deny"
a: uid_map a "0 0 1"         => ok
a: gid_map a "0 0 1"         => ok       # no deny step needed: it is already denied
a: id                        => uid=0 gid=0
