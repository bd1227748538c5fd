@title: the prefix of an address on lo is local only once lo was up with it; the address itself is local at once, and both stay when lo goes down
# T8.2, T8.5
@needs: net
init: addr-add lo 10.0.0.2/24        => ok
init: connect udp 10.0.0.1 80 a      => ENETUNREACH
init: bind udp 7300 b 10.0.0.2       => ok
init: bind udp 7301 c 10.0.0.1       => EADDRNOTAVAIL
init: link-up lo                     => ok
init: connect udp 10.0.0.1 80 d      => ok
init: bind udp 7301 e 10.0.0.1       => ok
init: link-down lo                   => ok
init: bind udp 7302 f 10.0.0.3       => ok
init: bind udp 7303 g 127.0.0.9      => ok
