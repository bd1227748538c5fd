@title: the unprivileged mapping dance of a uid 1000 without capabilities
@needs: user
# U2.14b, U2.16, U2.19; gVisor proc_pid_uid_gid_map.cc IdentityMapOwnID; gVisor NonIdentityMapOwnID; gVisor MapOtherID; gVisor helpers (DenySelfSetgroups before every own gid_map write); LTP userns03's note on the kernel commits
# A task whose ids change is no longer dumpable, and the /proc files of a
# non-dumpable task belong to (global) root (U2.1). So that the uid 1000 that
# does the dance may open its own map files, user:2 maps parent uid 0 as 1000
# (and 1000 as its root): the dancer's kernel uid is 0, its uid in user:2 is 1000.
# The rules of the errors it shows: C11.1, U2.14.
init: clone a user                        => 2
init: uid_map a "0 1000 1;1000 0 1"       => ok
init: gid_map a "0 1000 1;1000 0 1"       => ok
a: id                                     => uid=1000 gid=1000
a: setuid 0                               => ok      # kernel uid 1000, root of user:2
a: setuid 1000                            => ok      # leaving root drops every capability
a: caps                                   => 0000000000000000
a: setuid 0                               => EPERM   # no CAP_SETUID any more
a: unshare user                           => ok      # needs no capability
a: id                                     => uid=65534 gid=65534
a: caps                                   => 000001ffffffffff
a: uid_map a "0 1001 1"                   => EPERM   # not its own uid
a: uid_map a "0 1000 2"                   => EPERM   # more than one id
a: uid_map a "0 1000 1"                   => ok
a: gid_map a "0 1000 1"                   => EPERM   # setgroups is "allow"
a: setgroups a deny                       => ok
a: gid_map a "0 1000 1"                   => ok
a: id                                     => uid=0 gid=0
a: read uid_map a                         => 0 1000 1
init: read uid_map a                      => 0 0 1   # init sees the kernel uid 0
