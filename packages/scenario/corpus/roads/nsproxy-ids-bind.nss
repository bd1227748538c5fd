@title: bind_ns(id, 0) names the caller's nsproxy: once per nsproxy (EACCES), once per id (EBUSY), ids positive (EINVAL)
# R1.3 (ids are positive), R1.4 (an nsproxy is bound once; init_nsproxy has
# id 0), R1.5 (an id names one nsproxy). Road nsproxy-ids: the model only;
# the real backend runs Linux as merged and skips this file.
@road: nsproxy-ids
@needs: uts,ipc
init: nsproxy-id                 => 0
init: clone a uts                => 2
a: nsproxy-id                    => -1
a: bind_ns 5 -                   => ok
a: nsproxy-id                    => 5
a: bind_ns 6 -                   => EACCES
init: bind_ns 7 -                => EACCES
init: clone b uts                => 3
b: bind_ns 5 -                   => EBUSY
b: bind_ns 0 -                   => EINVAL
b: bind_ns -3 -                  => EINVAL
b: nsproxy-id                    => -1
b: bind_ns 6 -                   => ok
b: nsproxy-id                    => 6
# A plain clone shares the nsproxy, and its id; CLONE_NEW* makes a new, unbound one.
a: clone c -                     => 4
c: nsproxy-id                    => 5
a: clone d ipc                   => 5
d: nsproxy-id                    => -1
