package org.civicloop.simulator;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import javax.imageio.ImageIO;

/** The photo a sleeve takes of a stamped page: a small grey PNG drawn headless, and its SHA-256. */
final class PagePhoto {

	private PagePhoto() {
	}

	static byte[] png(String device, String authorisation, int k, int n, Instant at) {
		BufferedImage img = new BufferedImage(240, 320, BufferedImage.TYPE_BYTE_GRAY);
		Graphics2D g = img.createGraphics();
		try {
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, 240, 320);
			g.setColor(Color.DARK_GRAY);
			g.drawRect(8, 8, 223, 303);
			for (int y = 40; y < 200; y += 14) {
				g.drawLine(24, y, 216, y);
			}
			g.setStroke(new BasicStroke(3));
			g.drawOval(130, 200, 90, 90);
			try {
				// text needs a font; a machine without any still gets a distinct image from the lines
				g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 11));
				g.drawString(device, 20, 24);
				g.drawString(authorisation == null ? "NO AUTHORISATION" : authorisation, 20, 230);
				g.drawString("page " + k + (n > 0 ? " of " + n : ""), 20, 250);
				g.drawString(at.toString(), 20, 300);
			}
			catch (RuntimeException | Error e) {
				g.fillRect(20, 220, Math.min(k, 20) * 5, 10);
			}
		}
		finally {
			g.dispose();
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			ImageIO.write(img, "png", out);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return out.toByteArray();
	}

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
