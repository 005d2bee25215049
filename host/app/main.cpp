#include "app/ServerApp.h"

int main(int argc, char** argv)
{
    return OuraMcp::App::ServerApp::main(argc, argv);
}
