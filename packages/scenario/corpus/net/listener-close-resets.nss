@title: a listener closed with a connection still waiting for accept resets it: the client's next call fails
# T8.20, T8.10
@needs: net
init: link-up lo                     => ok
init: bind tcp 7200 l                => ok
init: listen l                       => ok
init: connect tcp 127.0.0.1 7200 c   => ok
init: close-sock l                   => ok
init: recv c                         => ECONNRESET
init: recv c                         => -
init: connect tcp 127.0.0.1 7200 d   => ECONNREFUSED
