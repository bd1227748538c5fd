@title: bind_ns(id, flags) from nsproxy 0 switches to the namespaces named, by id or by negative pid
# R1.10: each namespace is installed as setns(2) installs it; taking every
# namespace of the target joins its nsproxy (and its id), a part of them makes
# a new, unbound nsproxy. R1.9: a negative id names a pid. Road nsproxy-ids:
# the model only; the real backend skips this file.
@road: nsproxy-ids
@needs: uts,ipc
init: clone a uts,ipc            => 2
a: sethostname box               => ok
a: bind_ns 5 -                   => ok
init: clone c -                  => 3
c: nsproxy-id                    => 0
c: bind_ns 5 uts                 => ok
c: hostname                      => box
c: ns uts                        => uts:2
c: ns ipc                        => ipc:1
c: nsproxy-id                    => -1
init: clone d -                  => 4
d: bind_ns 5 uts,ipc             => ok
d: ns ipc                        => ipc:2
d: nsproxy-id                    => 5
init: clone e -                  => 5
e: bind_ns -2 ipc                => ok
e: ns ipc                        => ipc:2
e: ns uts                        => uts:1
e: nsproxy-id                    => -1
