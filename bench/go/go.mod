module go4j.io/bench

go 1.19
