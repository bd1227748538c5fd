@title: clone and unshare create the user namespace first and own every other new namespace by it
# C4.5: the uts namespace made with CLONE_NEWUSER is owned by the new user namespace;
# F4.1 / F4.2: the user namespace is created before the CAP_SYS_ADMIN check of the other
# types, so an unprivileged task succeeds with user,uts and fails with uts alone;
# C6.1: unshare of a user namespace alone leaves the other namespaces as they were;
# C4.3: the first failing creation (uts, ENOSPC) is the errno and the mnt namespace made
# before it is not kept.
@needs: user,uts,mnt
init: clone a -                     => 2
a: setuid 1000                      => ok
a: clone b uts                      => EPERM
a: clone b user,uts                 => 3
init: open b uts fu                 => ok   # init: a's setuid made a and b non-dumpable
init: ioctl fu NS_GET_USERNS u      => ok
init: fdns u                        => user:2
b: ns user                          => user:2
b: ns uts                           => uts:2
a: unshare uts                      => EPERM
a: ns user                          => user:1
a: unshare user,uts                 => ok
a: ns user                          => user:3
a: ns uts                           => uts:3
init: clone c -                     => 4
c: unshare user                     => ok
c: ns user                          => user:4
c: ns uts                           => uts:1
c: ns mnt                           => mnt:1
c: sysctl user.max_uts_namespaces 0 => ok
c: unshare mnt,uts                  => ENOSPC
c: ns mnt                           => mnt:1
c: ns uts                           => uts:1
c: unshare mnt                      => ok
c: ns mnt                           => mnt:2
