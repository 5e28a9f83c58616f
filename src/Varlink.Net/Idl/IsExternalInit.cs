#if !NET5_0_OR_GREATER
// Records and init accessors need this marker type; netstandard2.0 (the source generator, which
// compiles these IDL files a second time) does not have it.
namespace System.Runtime.CompilerServices;

internal static class IsExternalInit
{
}
#endif
