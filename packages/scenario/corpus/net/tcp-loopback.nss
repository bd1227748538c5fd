@title: TCP over loopback: listen, connect, accept, and a word each way
# T1.4, T4.1, T8.11: sockets of one namespace meet on its lo
@needs: net
init: link-up lo                     => ok
init: bind tcp 9000 s 127.0.0.1      => ok
init: listen s                       => ok
init: connect tcp 127.0.0.1 9000 c   => ok
init: accept s c2                    => ok
init: send c hello                   => ok
init: recv c2                        => hello
init: send c2 world                  => ok
init: recv c                         => world
init: accept s c3                    => EAGAIN
init: close-sock c                   => ok
init: recv c2                        => -    # end of stream
