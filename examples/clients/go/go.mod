module example.com/snowtenant-embed-client

go 1.19
