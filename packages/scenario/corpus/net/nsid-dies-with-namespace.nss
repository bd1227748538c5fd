@title: an id given to a net namespace goes when that namespace dies, left by unshare or setns: it may be given again, and nsids no longer lists it
# T5.6, T5.3: cleanup_net's unhash_nsid (found by nsproxy fuzz: the real backend did not wait for the kernel worker when no veth crossed namespaces)
@needs: net
init: clone a net                       => 2
a: clone b net                          => 3
b: clone c net                          => 4
b: clone d net                          => 5
d: nsid-set c 65534                     => ok
c: unshare net                          => ok       # c's old namespace dies, and d's id for it with it
d: nsid-set init 65534                  => ok
init: nsid-set d 1                      => ok
d: setns init net any                   => ok       # d's old namespace dies
d: clone e net                          => 6
e: clone f net                          => 7
f: setns d net                          => ok
f: nsids                                => -
