@title: socket calls that do not fit the socket: UDP neither listens nor accepts, a connected TCP socket does not listen, an unconnected one neither sends nor receives
# T8.7, T8.15, T8.13, T8.12, T8.16, T8.17
@needs: net
init: link-up lo                     => ok
init: bind udp 7000 u                => ok
init: listen u                       => EOPNOTSUPP
init: accept u x                     => EOPNOTSUPP
init: bind tcp 7001 t                => ok
init: accept t x                     => EINVAL
init: send t hi                      => EPIPE
init: recv t                         => ENOTCONN
init: listen t                       => ok
init: connect tcp 127.0.0.1 7001 c   => ok
init: listen c                       => EINVAL
init: open init net nsfd             => ok
init: listen nsfd                    => ENOTSOCK
init: sockns nsfd                    => ENOTTY
