@title: an id names its nsproxy while the nsproxy lives: once its last task is gone the id is free (ENOENT, then bound again)
# R1.5 and R1.8: the id does not pin the nsproxy (free_nsproxy drops it);
# modelled as described in docs/roads/nsproxy-ids.md (the patch's own
# release path was not found in the archives). R1.10: a switch to every
# namespace that differs joins the nsproxy itself. Road nsproxy-ids: the real
# backend skips this file.
@road: nsproxy-ids
@needs: uts
init: clone a uts                => 2
a: bind_ns 5 -                   => ok
a: clone b -                     => 3
b: nsproxy-id                    => 5
a: exit                          => ok
init: clone g -                  => 4
g: bind_ns 5 uts                 => ok
g: ns uts                        => uts:2
g: nsproxy-id                    => 5
b: exit                          => ok
init: clone h -                  => 5
h: bind_ns 5 uts                 => ok
h: exit                          => ok
g: exit                          => ok
init: clone m -                  => 6
m: bind_ns 5 uts                 => ENOENT
m: ns uts                        => uts:1
init: clone k uts                => 7
k: bind_ns 5 -                   => ok
k: nsproxy-id                    => 5
k: ns uts                        => uts:3
