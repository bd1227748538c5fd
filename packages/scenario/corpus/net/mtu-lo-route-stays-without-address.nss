@title: a route through lo that no address made stays when lo's MTU drops below 68: only the last address going takes the routes
# T7.23: inetdev_destroy deletes the addresses one by one (fib_inetaddr_event's fib_disable_ip comes with the last); with none, no route goes
@needs: net
init: link-up lo                        => ok
init: link-mtu lo 60                    => ok
init: link-mtu lo 1500                  => ok
init: addrs lo                          => -
init: route-add-dev 10.1.0.0/16 lo      => ok
init: link-mtu lo 60                    => ok
init: routes                            => 10.1.0.0/16 dev lo
init: route-add default 10.1.0.5        => ok       # the gateway's route is through lo, which is up
init: routes                            => 10.1.0.0/16 dev lo,default via 10.1.0.5 dev lo
init: route-del 10.1.0.0/16             => ok
init: route-add-dev 10.1.0.0/16 lo      => ENODEV
