@title: UDP over loopback: a datagram to a bound port arrives; nothing more is waiting after it
# T1.4, T8.11, T8.14
@needs: net
init: link-up lo                     => ok
init: bind udp 9100 s                => ok
init: connect udp 127.0.0.1 9100 c   => ok
init: send c ping                    => ok
init: recv s                         => ping
init: recv s                         => EAGAIN
init: send s pong                    => EDESTADDRREQ   # s is not connected
