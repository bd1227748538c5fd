@title: an address on lo makes its whole prefix local (its prefix route is in the local table): connections to any address of it stay in the namespace
# T7.2, T8.10, T8.2
@needs: net
init: link-up lo                     => ok
init: addr-add lo 10.0.0.2/24        => ok
init: routes                         => -
init: connect tcp 10.0.0.1 7300 a    => ECONNREFUSED
init: bind tcp 7300 l                => ok
init: listen l                       => ok
init: connect tcp 10.0.0.2 7300 b    => ok
init: connect tcp 10.0.0.1 7300 c    => ok
init: bind tcp 7301 m 10.0.0.77       => ok
