@title: unshare_ns(flags) is unshare(2) of the nsproxy's namespaces only: a new, unbound nsproxy; other flags are EINVAL
# R1.2: unshare_ns takes the nsproxy's CLONE_NEW* flags, not CLONE_NEWUSER
# and not an empty set; then unshare(2)'s own checks (C6.2: CAP_SYS_ADMIN).
# Road nsproxy-ids: the real backend skips this file.
@road: nsproxy-ids
@needs: uts,ipc,user
init: clone a -                  => 2
a: nsproxy-id                    => 0
a: unshare_ns uts,ipc            => ok
a: ns uts                        => uts:2
a: ns ipc                        => ipc:2
a: nsproxy-id                    => -1
a: unshare_ns user               => EINVAL
a: unshare_ns -                  => EINVAL
a: unshare_ns uts,user           => EINVAL
a: ns uts                        => uts:2
init: clone f -                  => 3
f: setuid 1000                   => ok
f: unshare_ns uts                => EPERM
f: ns uts                        => uts:1
