@title: link names are unique per net namespace only: two namespaces may each hold v0 and v1
# T1.4, T6.3: each net namespace has its own device names
@needs: net
init: clone a net                    => 2
init: veth v0 v1                     => ok
a: veth v0 v1                        => ok
a: links                             => lo,v0,v1
init: links                          => lo,v0,v1
a: veth v1 v2                        => EEXIST
