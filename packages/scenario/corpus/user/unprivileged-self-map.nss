@title: inside a new user namespace a task may map only its own euid, one id; gid_map only after setgroups deny
@needs: user
# U2.14b new_idmap_permitted; gVisor proc_pid_uid_gid_map
# The rules of the errors it shows: U2.14.
init: clone a user           => 2
a: uid_map a "0 0 2"         => EPERM    # two ids need CAP_SETUID over user:1
a: uid_map a "0 1 1"         => EPERM    # parent uid 1 is not a's euid
a: uid_map a "0 0 1"         => ok       # a's own euid (parent uid 0) as uid 0
a: gid_map a "0 0 1"         => EPERM    # setgroups is still "allow"
a: setgroups a deny          => ok
a: gid_map a "0 0 1"         => ok
a: id                        => uid=0 gid=0
a: read uid_map a            => 0 0 1
