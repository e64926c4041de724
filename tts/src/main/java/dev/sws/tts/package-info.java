/** Flow-matching text-to-speech (engine under construction in this module). */
package dev.sws.tts;
