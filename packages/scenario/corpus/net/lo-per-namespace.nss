@title: each net namespace has its own lo: bringing one up leaves the other DOWN and bare
# T1.4: devices and addresses are per net namespace
@needs: net
init: clone a net                    => 2
init: link-up lo                     => ok
init: addrs lo                       => 127.0.0.1/8,::1/128
a: link-state lo                     => DOWN
a: addrs lo                          => -
a: link-up lo                        => ok
a: link-down lo                      => ok
init: link-state lo                  => UP
