@title: with no route to the address, connect gives ENETUNREACH (a new namespace has none, not even to 127.0.0.1)
# T1.3, T1.4, T8.5, T8.10: a new namespace's lo is DOWN, so its routing tables are empty
@needs: net
init: clone a net                    => 2
a: connect tcp 127.0.0.1 80 c        => ENETUNREACH
a: connect udp 10.1.2.3 53 u         => ENETUNREACH
a: link-up lo                        => ok
a: connect tcp 127.0.0.1 80 c        => ECONNREFUSED
a: connect tcp 10.1.2.3 80 c         => ENETUNREACH
