@title: a datagram to a closed port comes back as ECONNREFUSED on the connected UDP socket
# T1.4, T8.18, T8.11: the ICMP port unreachable stays in the namespace
@needs: net
init: link-up lo                     => ok
init: connect udp 127.0.0.1 9009 c   => ok    # no handshake for UDP
init: send c x                       => ok
init: recv c                         => ECONNREFUSED
init: recv c                         => EAGAIN  # the error is reported once
