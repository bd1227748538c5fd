@title: connecting to a port nobody listens on gives ECONNREFUSED, also when it is bound but not listening
# T1.4, T8.10: the port space is the namespace's
@needs: net
init: link-up lo                     => ok
init: connect tcp 127.0.0.1 9000 c   => ECONNREFUSED
init: bind tcp 9000 s                => ok
init: connect tcp 127.0.0.1 9000 c   => ECONNREFUSED
init: listen s                       => ok
init: connect tcp 127.0.0.1 9000 c   => ok
init: clone a net                    => 2
a: link-up lo                        => ok
a: connect tcp 127.0.0.1 9000 c      => ECONNREFUSED   # the listener is in init's namespace
